# The image: the application extracted from its jar (every class on the class path, so the
# JDK can cache them all) and the JDK AOT cache of a training run, on a Temurin 25 JRE, as a
# non-root user. bench/launch.sh starts a jar the same way outside Docker: it reads the
# JAVA_TOOL_OPTIONS line below, extracts the same way and trains with the same script.

# 1. Build the jar with the Maven wrapper.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/posts-api-*.jar extract --destination /app --application-filename app.jar

# 2. The runtime, with the recommended JVM settings (measured in BENCHMARKS.md). The training
#    stage and the final image both start from it: a cache is only used by a JVM started
#    like the one that wrote it.
FROM eclipse-temurin:25-jre AS runtime
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m"

# 3. Train the AOT cache (classes loaded and linked, method profiles) against a throwaway
#    PostgreSQL that exists only in this stage.
FROM runtime AS aot
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY bin/aot-train.sh /aot-train.sh
RUN pg_ctlcluster "$(ls /etc/postgresql)" main start \
 && su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'training'\"" \
 && SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/postgres SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=training /aot-train.sh /app/app.jar /app/app.aot \
 && pg_ctlcluster "$(ls /etc/postgresql)" main stop

# 4. The image.
FROM runtime
RUN useradd --system --uid 10001 app
COPY --from=aot /app /app
USER app
EXPOSE 8000
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]
