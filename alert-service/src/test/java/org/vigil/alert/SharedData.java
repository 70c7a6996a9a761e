package org.vigil.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real recordings in the repository's sibling folder {@code shared/data} (see its README), found by walking up
 * from the working directory, so that tests read them wherever the checkout is; never copied into the repository.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path file(String name) {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/data/" + name + " not found above " + System.getProperty("user.dir"));
    }

    public static List<String> lines(String name) {
        try {
            return Files.readAllLines(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RR intervals (ms) of MIT-BIH Arrhythmia Database record 100 (Moody and Mark 2001; Goldberger et al. 2000):
     * differences of successive normal-beat times, as its README says, paired with the time (s) of the beat that ends
     * each interval.
     */
    public static List<double[]> mitBih100NormalIntervals() {
        List<Double> normalBeats = lines("mitbih-100-beats.csv").stream().skip(1)
                .map(line -> line.split(",", -1))
                .filter(cells -> cells[1].equals("N"))
                .map(cells -> Double.parseDouble(cells[0]))
                .toList();
        List<double[]> intervals = new java.util.ArrayList<>();
        for (int i = 1; i < normalBeats.size(); i++) {
            intervals.add(new double[] {(normalBeats.get(i) - normalBeats.get(i - 1)) * 1000, normalBeats.get(i)});
        }
        return intervals;
    }
}
