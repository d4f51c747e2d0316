# syntax=docker/dockerfile:1
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY db db
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home initlab && mkdir /data && chown initlab /data
WORKDIR /app
COPY --from=build /src/target/initlab-*.jar /app/initlab.jar
# glibc's allocator fragments under DJL's native tensors; these keep training fast and RSS flat
ENV MALLOC_ARENA_MAX=1 \
    MALLOC_MMAP_MAX_=0 \
    MALLOC_TRIM_THRESHOLD_=68719476736 \
    INITLAB_DATA_DIR=/data
USER initlab
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/initlab.jar"]
