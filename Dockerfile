# Honglian in a container: built on Debian bookworm, run with the runtime
# libraries only, as the unprivileged user honglian, against an external
# PostgreSQL 15 given in HONGLIAN_DATABASE_URL.
#
#   docker build -t honglian .
#   docker run --rm -e HONGLIAN_DATABASE_URL=... honglian --config /opt/honglian/conf/honglian.conf migrate
#   docker run -d -p 8080:8080 -e HONGLIAN_DATABASE_URL=... honglian
#
# The front end needs node >= 20.19 and bookworm's nodejs is 18, so the image
# does not build it: it ships assets/dist as built on the host (`make web`)
# before `docker build`, and without it the image serves the API only.

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      gcc libc6-dev make pkg-config \
      libmicrohttpd-dev libpq-dev libcurl4-openssl-dev \
      libcmark-gfm-dev libcmark-gfm-extensions-dev libjansson-dev \
      libsodium-dev libinih-dev libxlsxwriter-dev zlib1g-dev libseccomp-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY src/ src/
RUN make -j"$(nproc)" all
COPY conf/ conf/
COPY sql/ sql/
COPY docs/openapi.json docs/
COPY assets/ assets/
RUN mkdir -p /out/bin /out/assets/dist \
 && cp build/release/honglian /out/bin/ \
 && cp -r conf docs /out/ \
 && mkdir -p /out/sql && cp sql/*.sql /out/sql/ \
 && if [ -f assets/dist/index.html ]; then cp -r assets/dist/. /out/assets/dist/; \
    else echo "Dockerfile: no assets/dist (run make web first): API only"; fi

FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      ca-certificates libmicrohttpd12 libpq5 libcurl4 \
      libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 \
      libjansson4 libsodium23 libinih1 libxlsxwriter4 libseccomp2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --no-create-home --home-dir /opt/honglian \
      --shell /usr/sbin/nologin honglian
COPY --from=build /out/ /opt/honglian/
WORKDIR /opt/honglian
ENV HONGLIAN_SERVER_LISTEN_ADDRESS=0.0.0.0 \
    HONGLIAN_SERVER_ASSETS_DIR=/opt/honglian/assets/dist \
    HONGLIAN_SERVER_SQL_DIR=/opt/honglian/sql \
    HONGLIAN_SERVER_OPENAPI_FILE=/opt/honglian/docs/openapi.json \
    HONGLIAN_SERVER_ENVIRONMENT=production
USER honglian
EXPOSE 8080
ENTRYPOINT ["/opt/honglian/bin/honglian"]
CMD ["--config", "/opt/honglian/conf/honglian.conf", "serve"]
