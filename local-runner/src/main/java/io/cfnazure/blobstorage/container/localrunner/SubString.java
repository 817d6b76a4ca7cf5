package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The string of an {@code Fn::Sub}: text with {@code ${Name}} and {@code ${Resource.Attribute}} placeholders, where
 * {@code ${!Text}} stands for the literal {@code ${Text}}.
 */
final class SubString {

    private SubString() {
    }

    /** The names of the placeholders, in order. */
    static List<String> placeholders(final String template) {
        final List<String> names = new ArrayList<>();
        render(template, name -> {
            names.add(name);
            return "";
        });
        return names;
    }

    /** The string with each placeholder replaced by {@code valueOf(name)}. */
    static String render(final String template, final UnaryOperator<String> valueOf) {
        final StringBuilder out = new StringBuilder();
        int from = 0;
        for (int open = template.indexOf("${"); open >= 0; open = template.indexOf("${", from)) {
            final int close = template.indexOf('}', open);
            if (close < 0) {
                break;
            }
            out.append(template, from, open);
            final String inside = template.substring(open + 2, close);
            out.append(inside.startsWith("!") ? "${" + inside.substring(1) + "}" : valueOf.apply(inside.strip()));
            from = close + 1;
        }
        return out.append(template.substring(from)).toString();
    }
}
