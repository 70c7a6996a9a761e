package org.vigil.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real recordings the alerting tests replay: test resources under {@code recordings/}, copies of the project's
 * shared real data with their source and licence in {@code recordings/README.md}, so that a clone anywhere has them.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path file(String name) {
        URL resource = SharedData.class.getResource("/recordings/" + name);
        if (resource == null) {
            throw new IllegalStateException("recordings/" + name + " is not among the test resources");
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
