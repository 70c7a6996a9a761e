# syntax=docker/dockerfile:1
#
# One recipe for every Vigil image: the build stage packages the whole reactor once (identical for every service, so
# Docker builds it once and reuses it), the runtime stage takes one module's runnable jar.
#
#   docker build --build-arg SERVICE=vitals-service --build-arg PORT=8082 -t vigil/vitals-service .
#
# SERVICE is a module directory: gateway-service (8443), auth-service (8085), audit-service (8086), ingest-service
# (8081), vitals-service (8082), alert-service (8083), fhir-service (8084), or simulator (the demo device fleet; it has
# no port and always reports healthy). Configuration comes from the VIGIL_* environment variables of
# docs/architecture.md and the security contract.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# -DskipTests still compiles the tests, which common's test-jar (a test dependency of the services) needs.
# e2e-tests and devstack are for developer machines and are not part of any image.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl '!e2e-tests,!devstack' package

# A JRE, not a JDK: Temurin's JRE still ships bin/keytool, which the gateway runs (java.home/bin/keytool) to generate
# its self-signed certificate in profile demo, and which docker-compose.yml's gateway-tls step uses. Checked below, so
# a base image without it fails the build instead of the gateway's first demo start.
FROM eclipse-temurin:25-jre
ARG SERVICE
ARG PORT=8080
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<module directory>" >&2; exit 1; }
RUN test -x "${JAVA_HOME}/bin/keytool" || { echo "the runtime image has no keytool" >&2; exit 1; }
# A fixed numeric uid, so that Kubernetes' runAsNonRoot can check it.
RUN groupadd --system --gid 10001 vigil \
    && useradd --system --uid 10001 --gid vigil --home-dir /app --no-create-home --shell /usr/sbin/nologin vigil
# State the services keep relative to their working directory, owner-only: .vigil/tls (the gateway's demo
# certificate) and .vigil/auth (auth-service's generated signing key). An empty named volume mounted on one of these
# starts with this owner and mode, so uid 10001 can write it (docker-compose.yml does that).
RUN mkdir -p /app/.vigil/tls /app/.vigil/auth /app/.vigil/audit/checkpoints \
    && chown -R 10001:10001 /app/.vigil && chmod -R 0700 /app/.vigil
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/app.jar
# Readiness on the port the service really listens on: the same VIGIL_*_PORT variable it reads, with its default.
# curl is part of the eclipse-temurin Ubuntu images.
# Readiness on each service's management port (plain HTTP on localhost, the gateway's too: Actuator is never on the
# public HTTPS port, issue 13).
COPY --chmod=0755 <<'SCRIPT' /app/healthcheck
#!/bin/sh
case "${SERVICE}" in
  gateway-service) port="${VIGIL_GATEWAY_MANAGEMENT_PORT:-9080}" ;;
  auth-service)    port="${VIGIL_AUTH_MANAGEMENT_PORT:-9085}" ;;
  audit-service)   port="${VIGIL_AUDIT_MANAGEMENT_PORT:-9086}" ;;
  ingest-service)  port="${VIGIL_INGEST_MANAGEMENT_PORT:-9081}" ;;
  vitals-service)  port="${VIGIL_VITALS_MANAGEMENT_PORT:-9082}" ;;
  alert-service)   port="${VIGIL_ALERT_MANAGEMENT_PORT:-9083}" ;;
  fhir-service)    port="${VIGIL_FHIR_MANAGEMENT_PORT:-9084}" ;;
  *) exit 0 ;;
esac
exec curl -fsS -o /dev/null --max-time 3 "http://localhost:${port}/actuator/health/readiness"
SCRIPT
ENV SERVICE=${SERVICE}
USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/app/healthcheck"]
# Heap from the container's memory limit; arguments given to the container (the simulator's options) follow the jar.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
