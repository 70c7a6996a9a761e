package org.vigil.simulator;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The command line, with {@code VIGIL_GATEWAY_URL} as the gateway's default. */
record Options(int patients, Duration interval, @Nullable Duration duration, URI gateway, @Nullable Path state,
        boolean help) {

    static final String DEFAULT_GATEWAY = "http://localhost:8080";
    static final int MAX_PATIENTS = 200;
    private static final Set<String> KNOWN = Set.of("--patients", "--interval", "--duration", "--gateway", "--state");

    static final String USAGE = """
            Usage: java -jar simulator-0.1.0-SNAPSHOT-exec.jar [options]

            Provisions demo patients and devices through the Vigil gateway, then streams vital signs from every
            device. Patient 1 deteriorates (sepsis-like) so that alerts fire within a minute.

              --patients N      patients to provision, one device each (default 4, at most 200)
              --interval SEC    seconds between a device's readings (default 5; decimals allowed)
              --duration SEC    stop after this many seconds (default: run until interrupted)
              --gateway URL     the gateway (default $VIGIL_GATEWAY_URL, else http://localhost:8080)
              --state FILE      write the provisioned patient and device ids (never tokens) to FILE as JSON
              --help            this text
            """;

    static Options parse(String[] args, Map<String, String> env) {
        int patients = 4;
        Duration interval = Duration.ofSeconds(5);
        Duration duration = null;
        String gateway = env.getOrDefault("VIGIL_GATEWAY_URL", "");
        if (gateway.isBlank()) {
            gateway = DEFAULT_GATEWAY;
        }
        Path state = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Options(patients, interval, duration, URI.create(DEFAULT_GATEWAY), state, true);
            }
            if (!KNOWN.contains(arg)) {
                throw new UsageException("unknown option " + arg);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--patients" -> {
                    patients = integer(arg, value);
                    if (patients < 1 || patients > MAX_PATIENTS) {
                        throw new UsageException("--patients must be between 1 and " + MAX_PATIENTS);
                    }
                }
                case "--interval" -> interval = seconds(arg, value);
                case "--duration" -> duration = seconds(arg, value);
                case "--gateway" -> gateway = value;
                case "--state" -> state = Path.of(value);
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("--interval must be at least 0.1 s");
        }
        return new Options(patients, interval, duration, gatewayUri(gateway), state, false);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " wants a whole number, not '" + value + "'");
        }
    }

    private static Duration seconds(String option, String value) {
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            if (seconds.signum() <= 0) {
                throw new UsageException(option + " must be more than 0 seconds");
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " wants a number of seconds, not '" + value + "'");
        }
    }

    private static URI gatewayUri(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--gateway must be an http(s) URL, not '" + value + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--gateway must be an http(s) URL, not '" + value + "'");
        }
    }

    /** A mistake on the command line: printed with the usage, exit status 2. */
    static final class UsageException extends IllegalArgumentException {

        UsageException(String message) {
            super(message);
        }
    }
}
