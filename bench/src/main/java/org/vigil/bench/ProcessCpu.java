package org.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time the platform's processes spent during the timed requests, per request (Linux {@code /proc}). On a shared
 * machine the latency moves with other people's work; the CPU each request costs each process does much less, so it
 * shows where the time goes whatever the load. A process counts with its descendants (PostgreSQL's backends are
 * children of the launcher that {@code ./vigil up} started).
 */
final class ProcessCpu {

    /** USER_HZ: the unit of {@code /proc/<pid>/stat}'s times, 100 on every mainstream Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;

    /** {@code name=pid,name=pid}; an empty string measures nothing but this benchmark's own JVM. */
    ProcessCpu(String spec) {
        this.pids = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pids.put(pair.substring(0, eq).strip(), Long.parseLong(pair.substring(eq + 1).strip()));
            }
        }
    }

    /** CPU seconds so far by name, and {@code bench client} for this JVM. */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    // After "pid (comm) ": state ppid ... utime(14) stime(15), counted from the closing parenthesis.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(proc.getFileName().toString());
                    parents.put(pid, Long.parseLong(fields[1]));
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // The process ended while the list was read.
                }
            }
        } catch (IOException e) {
            return seconds;
        }
        for (Map.Entry<String, Long> named : pids.entrySet()) {
            long total = 0;
            for (long pid : tree(named.getValue(), parents)) {
                total += ticks.getOrDefault(pid, 0L);
            }
            seconds.put(named.getKey(), total / TICKS_PER_SECOND);
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            seconds.put("bench client", sun.getProcessCpuTime() / 1e9);
        }
        return seconds;
    }

    /**
     * {@code name x.x ms, ...}: CPU per request between the two snapshots, less what each process spends per second
     * with no request going on ({@code idle}: CPU seconds per second, from {@link #rate}) over the {@code seconds} the
     * requests took: the simulator's readings, scheduled checks. Negative values are shown as 0.
     */
    static String perRequestNet(Map<String, Double> before, Map<String, Double> after, Map<String, Double> idle,
            double seconds, int requests) {
        List<String> parts = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double spent = entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue());
            double background = idle.getOrDefault(entry.getKey(), 0.0) * seconds;
            double ms = Math.max(0, spent - background) / requests * 1000;
            sum += ms;
            parts.add("%s %.1f ms".formatted(entry.getKey(), ms));
        }
        return parts.isEmpty() ? "not measured" : String.join(", ", parts) + " (sum %.1f ms)".formatted(sum);
    }

    /** CPU seconds per second of each process between two snapshots {@code seconds} apart. */
    static Map<String, Double> rate(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> rate = new LinkedHashMap<>();
        after.forEach((name, value) -> rate.put(name, (value - before.getOrDefault(name, value)) / seconds));
        return rate;
    }

    /** {@code name x.x %, ...}: a {@link #rate} as a share of one core. */
    static String describeRate(Map<String, Double> rate) {
        List<String> parts = new ArrayList<>();
        rate.forEach((name, value) -> parts.add("%s %.1f %%".formatted(name, value * 100)));
        return parts.isEmpty() ? "not measured" : String.join(", ", parts);
    }

    /** {@code name x.x ms, ...}: CPU per request between the two snapshots. */
    static String perRequest(Map<String, Double> before, Map<String, Double> after, int requests) {
        List<String> parts = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double ms = (entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue())) / requests * 1000;
            sum += ms;
            parts.add("%s %.1f ms".formatted(entry.getKey(), ms));
        }
        return parts.isEmpty() ? "not measured" : String.join(", ", parts) + " (sum %.1f ms)".formatted(sum);
    }

    private static List<Long> tree(long root, Map<Long, Long> parents) {
        List<Long> found = new ArrayList<>(List.of(root));
        for (int i = 0; i < found.size(); i++) {
            long parent = found.get(i);
            parents.forEach((pid, ppid) -> {
                if (ppid == parent && !found.contains(pid)) {
                    found.add(pid);
                }
            });
        }
        return found;
    }
}
