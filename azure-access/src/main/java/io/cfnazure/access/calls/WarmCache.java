package io.cfnazure.access.calls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a warm handler keeps from one invocation to the next (clients, secrets, tokens), bounded: past its capacity the
 * entry used longest ago goes, so a handler serving many accounts or apps never grows without end. Thread-safe.
 */
public final class WarmCache<K, V> {

    private final Map<K, V> entries;

    public WarmCache(final int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(final K key) {
        return entries.get(key);
    }

    public synchronized V computeIfAbsent(final K key, final Function<? super K, ? extends V> create) {
        return entries.computeIfAbsent(key, create);
    }

    public synchronized void put(final K key, final V value) {
        entries.put(key, value);
    }

    public synchronized void remove(final K key) {
        entries.remove(key);
    }

    public synchronized void removeIf(final Predicate<K> matches) {
        entries.keySet().removeIf(matches);
    }
}
