package io.cfnazure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecodingTest {

    /** An S3 event notification as S3 puts it in an SQS message body (version 2.1 layout). */
    static String s3Event(final String eventName, final String bucket, final String encodedKey, final String eTag,
                          final String sequencer) {
        return """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2026-12-01T05:00:00.000Z","eventName":"%s",
            "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"203.0.113.7"},
            "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
            "s3":{"s3SchemaVersion":"1.0","configurationId":"backup","bucket":{"name":"%s",
            "ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
            "object":{"key":"%s","size":1024,"eTag":"%s","sequencer":"%s"}}}]}
            """.formatted(eventName, bucket, bucket, encodedKey, eTag, sequencer);
    }

    @Test
    void keysAreFormDecodedAsS3EncodesThem() {
        assertThat(ObjectEvent.decodeKey("photos/my+holiday%2B2026.jpg")).isEqualTo("photos/my holiday+2026.jpg");
        assertThat(ObjectEvent.decodeKey("r%C3%A9sum%C3%A9/%E2%82%AC+100.txt")).isEqualTo("résumé/€ 100.txt");
        assertThat(ObjectEvent.decodeKey("a/b/c/d/e/f.txt")).isEqualTo("a/b/c/d/e/f.txt");
    }

    @Test
    void aKeyThatIsNotUrlEncodedFailsPermanently() {
        assertThatThrownBy(() -> ObjectEvent.decodeKey("100%.txt"))
            .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse())
            .hasMessageContaining("100%.txt");
    }

    @Test
    void eventNamesChooseTheAction() {
        assertThat(ObjectEvent.actionOf("ObjectCreated:Put")).isEqualTo(ObjectEvent.Action.COPY);
        assertThat(ObjectEvent.actionOf("ObjectCreated:CompleteMultipartUpload")).isEqualTo(ObjectEvent.Action.COPY);
        assertThat(ObjectEvent.actionOf("ObjectRemoved:DeleteMarkerCreated")).isEqualTo(ObjectEvent.Action.REMOVE);
        assertThat(ObjectEvent.actionOf("LifecycleExpiration:Delete")).isEqualTo(ObjectEvent.Action.REMOVE);
        assertThat(ObjectEvent.actionOf("ObjectTagging:Put")).isEqualTo(ObjectEvent.Action.IGNORE);
    }

    @Test
    void anS3EventInAnSqsBodyBecomesObjectEvents() {
        final List<ObjectEvent> events = S3EventMessages.parse(
            s3Event("ObjectCreated:Put", "source-bucket", "reports/q4+summary.pdf", "d41d8cd98f00b204e9800998ecf8427e",
                "0055AED6DCD90281E5"));
        assertThat(events).containsExactly(new ObjectEvent(ObjectEvent.Action.COPY, "source-bucket",
            "reports/q4 summary.pdf", null, "d41d8cd98f00b204e9800998ecf8427e", "0055AED6DCD90281E5", 1024L,
            "ObjectCreated:Put"));
    }

    @Test
    void s3TestEventNeedsNothing() {
        assertThat(S3EventMessages.parse("""
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-12-01T05:00:00.000Z",
             "Bucket":"source-bucket","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
            """)).isEmpty();
    }

    @Test
    void aBodyThatIsNoS3EventFailsPermanently() {
        for (final String body : List.of("not json", "{\"hello\":1}", "")) {
            assertThatThrownBy(() -> S3EventMessages.parse(body))
                .isInstanceOfSatisfying(CopyFailure.class, f -> assertThat(f.isTransient()).isFalse());
        }
    }
}
