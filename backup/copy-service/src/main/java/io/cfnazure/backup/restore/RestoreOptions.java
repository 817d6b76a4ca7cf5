package io.cfnazure.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.backup.CopyFailure;
import io.cfnazure.backup.Texts;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * What a restore job asks for: the point in time to restore (null: the current copy) and whether a newer object in
 * the target may be replaced. A Batch Operations job of invocation schema 2.0 passes them as user arguments
 * ({@value #AS_OF_ARGUMENT}, {@value #OVERWRITE_NEWER_ARGUMENT}); the function's environment
 * ({@value #AS_OF_SETTING}, {@value #OVERWRITE_NEWER_SETTING}) gives them to a job that passes none (schema 1.0).
 * The user argument {@value #PLANNED_TASKS_ARGUMENT} says the manifest's keys are {@link RestoreTask}s the restore
 * command planned; it is the command's to set, so it has no setting.
 */
public record RestoreOptions(Instant asOf, boolean overwriteNewer, boolean plannedTasks) {

    public static final String AS_OF_ARGUMENT = "asOf";
    public static final String OVERWRITE_NEWER_ARGUMENT = "overwriteNewer";
    public static final String PLANNED_TASKS_ARGUMENT = "plannedTasks";
    static final String AS_OF_SETTING = "RESTORE_AS_OF";
    static final String OVERWRITE_NEWER_SETTING = "RESTORE_OVERWRITE_NEWER";

    /** The job's user arguments, each one absent taken from the environment. */
    public static RestoreOptions of(final JsonNode job, final Map<String, String> environment) {
        final JsonNode arguments = job.path("userArguments");
        return new RestoreOptions(
            instant(value(arguments, AS_OF_ARGUMENT, environment, AS_OF_SETTING)),
            flag(value(arguments, OVERWRITE_NEWER_ARGUMENT, environment, OVERWRITE_NEWER_SETTING)),
            flag(value(arguments, PLANNED_TASKS_ARGUMENT, Map.of(), null)));
    }

    private static Setting value(final JsonNode arguments, final String argument, final Map<String, String> environment,
                                 final String setting) {
        final JsonNode given = arguments.get(argument);
        if (given != null && !given.isNull() && !given.asText().isBlank()) {
            return new Setting("the job's user argument " + argument, given.asText().strip());
        }
        final String value = setting == null ? null : environment.get(setting);
        return new Setting(setting, value == null || value.isBlank() ? null : value.strip());
    }

    record Setting(String name, String value) {
    }

    static Instant instant(final Setting setting) {
        try {
            return setting.value() == null ? null : Instant.parse(setting.value());
        } catch (final DateTimeParseException e) {
            throw CopyFailure.permanent(String.format("%s '%s' is not an instant: write it as ISO-8601 in UTC, for "
                + "example 2026-12-06T14:00:00Z.", setting.name(), Texts.bounded(setting.value())), e);
        }
    }

    private static boolean flag(final Setting setting) {
        if (setting.value() == null) {
            return false;
        }
        return switch (setting.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CopyFailure.permanent(String.format("%s must be true or false, not '%s'.",
                setting.name(), Texts.bounded(setting.value())), null);
        };
    }
}
