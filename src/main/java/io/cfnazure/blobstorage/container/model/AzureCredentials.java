package io.cfnazure.blobstorage.container.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** typeConfiguration.AzureCredentials: default Entra ID app and the Secrets Manager secret holding its client secret. */
@Data
@Builder
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class AzureCredentials {
    @JsonProperty("TenantId")
    private String tenantId;

    @JsonProperty("ClientId")
    private String clientId;

    @JsonProperty("ClientSecretName")
    private String clientSecretName;

    @JsonProperty("Authentication")
    private String authentication;

    @JsonProperty("WebIdentityAudience")
    private String webIdentityAudience;
}
