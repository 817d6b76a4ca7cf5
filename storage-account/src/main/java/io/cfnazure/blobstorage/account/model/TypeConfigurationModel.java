package io.cfnazure.blobstorage.account.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * The schema's typeConfiguration, the same as the container type's: default Entra ID credentials (the container
 * type's AzureCredentials, which its sign-in code reads) and the default Azure cloud.
 */
@Data
@Builder
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class TypeConfigurationModel {
    @JsonProperty("AzureCredentials")
    private AzureCredentials azureCredentials;

    @JsonProperty("AzureCloud")
    private String azureCloud;
}
