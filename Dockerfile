# Build: the Maven wrapper inside a JDK image; run: a JRE image, as a non-root user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp package -DskipTests && cp target/posts-api-*.jar /app.jar

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 app
USER app
COPY --from=build /app.jar /app/app.jar
EXPOSE 8000
# small-machine settings measured in BENCHMARKS.md: serial GC, a bounded heap
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
