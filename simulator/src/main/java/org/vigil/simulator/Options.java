package org.vigil.simulator;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line, with the {@code VIGIL_*} environment variables as defaults.
 *
 * @param cacert a PEM certificate (or bundle) to trust besides the JDK's own CAs
 * @param clientSecret a secret: {@link #toString()} leaves it out
 * @param patientUser the user linked to the first patient; {@code null} when disabled
 */
record Options(int patients, Duration interval, @Nullable Duration duration, URI gateway, @Nullable Path state,
        @Nullable Path cacert, String clientId, String clientSecret, String careTeam, String clinician,
        @Nullable String patientUser, Duration history, int historyRate, boolean help) {

    static final String DEFAULT_GATEWAY = "https://localhost:8443";
    /** demo-admin exists only in the demo profile of auth-service; anywhere else give a real client. */
    static final String DEFAULT_CLIENT_ID = "demo-admin";
    static final String DEFAULT_CLIENT_SECRET = "demo-admin-secret";
    static final String DEFAULT_CARE_TEAM = "Demo ward";
    static final String DEFAULT_CLINICIAN = "ada";
    static final String DEFAULT_PATIENT_USER = "pat";
    static final int MAX_PATIENTS = 200;
    /** Every scenario (6) and two stable patients. */
    static final int DEFAULT_PATIENTS = 8;
    static final int DEFAULT_HISTORY_HOURS = 12;
    static final int MAX_HISTORY_HOURS = 24;
    /** History readings a second over the whole fleet: a fifth of what alert-service keeps up with on a loaded VM. */
    static final int DEFAULT_HISTORY_RATE = 20;
    static final int MAX_HISTORY_RATE = 500;
    private static final Set<String> KNOWN = Set.of("--patients", "--interval", "--duration", "--gateway", "--state",
            "--cacert", "--client-id", "--client-secret", "--care-team", "--clinician", "--patient-user", "--history",
            "--history-rate");

    static final String USAGE = """
            Usage: java -jar simulator-0.1.0-SNAPSHOT-exec.jar [options]

            Provisions demo patients and devices through the Vigil gateway, puts them in a care team of a clinician,
            links a patient user to patient 1, uploads each patient's last hours, then streams vital signs from every
            device. Within a minute: patient 1 deteriorates (sepsis-like), 2 has a low on a CGM, 3 atrial
            fibrillation, 4 falls, 5's SpO2 probe comes off, 6's monitor falls silent; the rest are stable.

              --patients N           patients to provision, one device each (default 8, at most 200)
              --interval SEC         seconds between a device's readings (default 5; decimals allowed)
              --duration SEC         stop after this many seconds (default: run until interrupted)
              --gateway URL          the gateway (default $VIGIL_GATEWAY_URL, else https://localhost:8443)
              --cacert FILE          PEM certificate(s) to trust besides the JDK's CAs, e.g. .vigil/tls/gateway.crt
                                     (default $VIGIL_GATEWAY_CACERT)
              --client-id ID         OAuth2 client for provisioning (default $VIGIL_CLIENT_ID, else demo-admin)
              --client-secret S      its secret (default $VIGIL_CLIENT_SECRET, else demo-admin-secret; the demo
                                     client exists only in the demo profile)
              --care-team NAME       care team to put the patients in (default "Demo ward")
              --clinician SUBJECT    user made a member of that care team (default ada)
              --patient-user SUBJECT user linked to patient 1 (default pat; empty: link no one)
              --history HOURS        hours of readings before start each device uploads for the charts
                                     (default 12, at most 24; 0: none)
              --history-rate N       history readings a second over the whole fleet (default 20)
              --state FILE           write the provisioned patient and device ids (never tokens) to FILE as JSON
              --help                 this text
            """;

    static Options parse(String[] args, Map<String, String> env) {
        int patients = DEFAULT_PATIENTS;
        int historyHours = DEFAULT_HISTORY_HOURS;
        int historyRate = DEFAULT_HISTORY_RATE;
        Duration interval = Duration.ofSeconds(5);
        Duration duration = null;
        String gateway = fromEnv(env, "VIGIL_GATEWAY_URL", DEFAULT_GATEWAY);
        String cacert = fromEnv(env, "VIGIL_GATEWAY_CACERT", "");
        String clientId = fromEnv(env, "VIGIL_CLIENT_ID", DEFAULT_CLIENT_ID);
        String clientSecret = fromEnv(env, "VIGIL_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
        String careTeam = DEFAULT_CARE_TEAM;
        String clinician = DEFAULT_CLINICIAN;
        String patientUser = DEFAULT_PATIENT_USER;
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
                return new Options(patients, interval, duration, URI.create(DEFAULT_GATEWAY), state, null,
                        DEFAULT_CLIENT_ID, "", DEFAULT_CARE_TEAM, DEFAULT_CLINICIAN, DEFAULT_PATIENT_USER,
                        Duration.ofHours(historyHours), historyRate, true);
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
                case "--cacert" -> cacert = value;
                case "--client-id" -> clientId = value;
                case "--client-secret" -> clientSecret = value;
                case "--care-team" -> careTeam = value;
                case "--clinician" -> clinician = value;
                case "--patient-user" -> patientUser = value;
                case "--history" -> {
                    historyHours = integer(arg, value);
                    if (historyHours < 0 || historyHours > MAX_HISTORY_HOURS) {
                        throw new UsageException("--history must be between 0 and " + MAX_HISTORY_HOURS + " hours");
                    }
                }
                case "--history-rate" -> {
                    historyRate = integer(arg, value);
                    if (historyRate < 1 || historyRate > MAX_HISTORY_RATE) {
                        throw new UsageException("--history-rate must be between 1 and " + MAX_HISTORY_RATE
                                + " readings a second");
                    }
                }
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new UsageException("--interval must be at least 0.1 s");
        }
        return new Options(patients, interval, duration, gatewayUri(gateway), state,
                cacert.isBlank() ? null : Path.of(cacert.strip()),
                required("--client-id", clientId), required("--client-secret", clientSecret),
                required("--care-team", careTeam), subject("--clinician", required("--clinician", clinician)),
                patientUser.isBlank() ? null : subject("--patient-user", patientUser.strip()),
                Duration.ofHours(historyHours), historyRate, false);
    }

    @Override
    public String toString() {
        return "Options[patients=" + patients + ", interval=" + interval + ", duration=" + duration + ", gateway="
                + gateway + ", state=" + state + ", cacert=" + cacert + ", clientId=" + clientId
                + ", clientSecret=(hidden), careTeam=" + careTeam + ", clinician=" + clinician + ", patientUser="
                + patientUser + ", history=" + history + ", historyRate=" + historyRate + ", help=" + help + "]";
    }

    private static String fromEnv(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, "");
        return value.isBlank() ? fallback : value;
    }

    private static String required(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value.strip();
    }

    /** A user name goes into a URL path segment: no slashes, no spaces, nothing that would need guessing. */
    private static String subject(String option, String value) {
        if (!value.matches("[A-Za-z0-9._@+-]{1,200}")) {
            throw new UsageException(option + " wants a user name (letters, digits, . _ @ + -), not '" + value + "'");
        }
        return value;
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
