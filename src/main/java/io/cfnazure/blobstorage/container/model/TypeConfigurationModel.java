package io.cfnazure.blobstorage.container.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** The schema's typeConfiguration: account-wide defaults set with {@code aws cloudformation set-type-configuration}. */
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

    @JsonProperty("SubscriptionId")
    private String subscriptionId;
}
