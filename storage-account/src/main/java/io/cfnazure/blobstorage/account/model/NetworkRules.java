package io.cfnazure.blobstorage.account.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** NetworkRules: the account's firewall. Lists are compared as sets (the schema says insertionOrder false). */
@Data
@Builder(toBuilder = true)
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class NetworkRules {
    @JsonProperty("DefaultAction")
    private String defaultAction;

    @JsonProperty("Bypass")
    private List<String> bypass;

    @JsonProperty("IpRules")
    private List<String> ipRules;

    @JsonProperty("VirtualNetworkRules")
    private List<String> virtualNetworkRules;
}
