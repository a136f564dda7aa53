# pgrelay image: builds the fat jar with Maven, then runs it on a JRE as a non-root user.
# Builds with BuildKit and with the classic builder alike: Testcontainers (PgRelayContainer.fromDockerfile) builds
# through the Docker Engine API, which uses the classic builder, so no BuildKit-only syntax (RUN --mount) here.
#   docker build -t pgrelay .
#   docker run -v "$PWD/pgrelay.yaml:/etc/pgrelay/pgrelay.yaml:ro" -p 6432:6432 -p 9187:9187 pgrelay
# Inside a container the config must listen on 0.0.0.0 (listen, admin_http) to be reachable from outside.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system pgrelay \
 && useradd --system --gid pgrelay --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pgrelay \
 && mkdir -p /etc/pgrelay
COPY --from=build /src/cli/target/pgrelay.jar /opt/pgrelay/pgrelay.jar
# exec makes java PID 1, so `docker stop` (SIGTERM) reaches pgrelay, which drains and exits 0.
RUN printf '#!/bin/sh\nexec java $PGRELAY_JAVA_OPTS -jar /opt/pgrelay/pgrelay.jar "$@"\n' > /usr/local/bin/pgrelay \
 && chmod 755 /usr/local/bin/pgrelay
ENV PGRELAY_JAVA_OPTS="-XX:+UseG1GC -XX:MaxRAMPercentage=75 -Xss512k"
USER pgrelay
# 6432: PostgreSQL clients; 9187: admin HTTP (/metrics, /health, /ready).
EXPOSE 6432 9187
ENTRYPOINT ["pgrelay"]
CMD ["run", "--config", "/etc/pgrelay/pgrelay.yaml"]
