# The image: the application extracted from its jar (every class on the class path, so the
# JDK can cache them all) and the JDK AOT cache of a training run, on a Temurin 25 JRE, as a
# non-root user. bench/launch.sh starts a jar the same way outside Docker: it reads the
# JVM_OPTIONS line below, extracts the same way and trains with the same script.

# The recommended JVM settings (measured in BENCHMARKS.md). They go on the java command line
# through an argument file, not in JAVA_TOOL_OPTIONS: the JVM announces that variable on
# standard error ("Picked up JAVA_TOOL_OPTIONS"), a line that is not JSON.
# -XX:TrimNativeHeapInterval=1000 hands the C library's freed memory (the JIT's arenas above
# all) back every second: RSS under load about 25 MiB lower (BENCHMARKS.md, "Round five").
# -XX:-TieredCompilation compiles only the hot methods, with C2: no C1 code for the thousands
# run a few times at start-up, RSS under load about 35 MiB lower; with a 96 MiB heap and the C
# library's arenas capped (MALLOC_ARENA_MAX below) under 300 MiB, at the same warm speed but a
# slower first minute under load (BENCHMARKS.md, "Round six").
# -Xms96m -Xmx256m: the heap starts, and under ordinary load stays, at 96 MiB (the resident
# memory above); it grows only while hundreds of requests at once each hold the most a request
# may (Tomcat's buffers, a form, a string of JSON, a page of posts; server.tomcat.max-connections
# in application.yml), where 96 MiB ran out (BENCHMARKS.md, "Round thirty").
# -XX:+ExitOnOutOfMemoryError: an instance out of heap stops and is restarted, instead of
# living on with threads the error killed (Tomcat's acceptor among them: no connection
# accepted, while the health checks on the management port still answer).
ARG JVM_OPTIONS="-XX:+UseSerialGC -Xms96m -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=1000 -XX:-TieredCompilation -XX:+ExitOnOutOfMemoryError"

# 1. Build the jar with the Maven wrapper. The dependencies first, in a layer of their own
#    that a change to src/ leaves cached. Not dependency:go-offline: it ignores the pom's
#    exclusions (redoc's npm webjars, which do not resolve) and fails after minutes.
FROM eclipse-temurin:25-jdk AS build
# unzip: the wrapper then takes Maven's .zip, whose SHA-256 .mvn/wrapper pins (without it,
# the .tar.gz, which that hash would refuse)
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:resolve-plugins dependency:resolve
COPY src src
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/posts-api-*.jar extract --destination /app --application-filename app.jar

# 2. The runtime: the training stage and the final image both start from it, with the same
#    options (a cache is only used by a JVM started like the one that wrote it).
FROM eclipse-temurin:25-jre AS runtime
ARG JVM_OPTIONS
# two malloc arenas, not eight per core: less native memory left fragmented ("Round six")
ENV MALLOC_ARENA_MAX=2
RUN mkdir /app && printf '%s\n' $JVM_OPTIONS > /app/jvm.options

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
    SPRING_DATASOURCE_PASSWORD=training /aot-train.sh /app/app.jar /app/app.aot @/app/jvm.options \
 && pg_ctlcluster "$(ls /etc/postgresql)" main stop

# 4. The image.
FROM runtime
RUN useradd --system --uid 10001 app
COPY --from=aot /app /app
USER app
EXPOSE 8000
# AOTMode=on: a cache that does not fit stops the start with an error instead of a quiet
# slow start, which makes the JVM's AOT warnings safe to silence: two benign ones at every
# start (an adapter the cache could not link, JDK 25) would be lines of text among the JSON.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:AOTMode=on", "-XX:AOTCache=/app/app.aot", \
            "-Xlog:aot=error", "-Xlog:aot+codecache+stubs=error", "-jar", "/app/app.jar"]
