package io.beamlink.bench.codec;

/**
 * JVM options for every codec benchmark fork: a heap of fixed size whose pages are touched at
 * start. With a growing heap, every allocation-heavy benchmark (a new array per operation) first
 * runs at the speed of the kernel's page faults on fresh heap regions: {@code encodeToArray} of
 * the 1 KiB binary measured from 0.18 to 16.8 million operations per second between iterations
 * of one fork, as the heap grew from 384 MiB to 2.2 GiB.
 */
final class FixedHeap {
    static final String INITIAL = "-Xms1g";
    static final String MAXIMUM = "-Xmx1g";
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private FixedHeap() {
    }
}
