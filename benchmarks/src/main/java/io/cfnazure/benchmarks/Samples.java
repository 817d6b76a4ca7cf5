package io.cfnazure.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Timings of one measured thing, in milliseconds, with the figures the report quotes. */
final class Samples {

    private final List<Double> millis = new ArrayList<>();

    void add(final double value) {
        millis.add(value);
    }

    void addNanos(final long nanos) {
        add(nanos / 1e6);
    }

    int count() {
        return millis.size();
    }

    double median() {
        return quantile(0.5);
    }

    double min() {
        return quantile(0);
    }

    double max() {
        return quantile(1);
    }

    /** Interquartile range relative to the median: how noisy the machine was for this figure. */
    double spread() {
        return (quantile(0.75) - quantile(0.25)) / median();
    }

    /** Linear interpolation between the sorted samples. */
    double quantile(final double q) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        final List<Double> sorted = millis.stream().sorted().toList();
        final double position = q * (sorted.size() - 1);
        final int below = (int) Math.floor(position);
        final int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }
}
