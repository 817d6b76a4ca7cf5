package io.cfnazure.blobstorage.container.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** The resource's ImmutabilityPolicy: the container's time-based retention policy, as the schema declares it. */
@Data
@Builder(toBuilder = true)
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class ImmutabilityPolicy {
    @JsonProperty("RetentionDays")
    private Integer retentionDays;

    @JsonProperty("AllowProtectedAppendWrites")
    private Boolean allowProtectedAppendWrites;

    @JsonProperty("Locked")
    private Boolean locked;
}
