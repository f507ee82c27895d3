# Honglian in a container: the front end and the server built on Debian
# bookworm, run with the runtime libraries only, as the unprivileged user
# honglian, against an external PostgreSQL 15 given in HONGLIAN_DATABASE_URL.
#
#   docker build -t honglian .
#   docker run --rm -e HONGLIAN_DATABASE_URL=... honglian honglian migrate
#   docker run --rm -i -e HONGLIAN_DATABASE_URL=... honglian \
#       honglian user add --login admin --name 管理员 --role admin --password-stdin
#   docker run -d -p 8080:8080 -e HONGLIAN_DATABASE_URL=... honglian
#
# The binary is on the image's PATH and the working directory is
# /opt/honglian, so every command finds conf/honglian.conf; with no command
# the image serves.

# The front end: bookworm's nodejs is 18, so scripts/web.sh runs Vite with
# the node pinned in scripts/node, fetched from the npm registry with
# Debian's npm (scripts/node.sh), as on a fresh machine.
FROM debian:bookworm AS web
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      ca-certificates nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/node.sh scripts/web.sh scripts/
COPY scripts/node/package.json scripts/node/package-lock.json scripts/node/
RUN scripts/node.sh >/dev/null
COPY docs/openapi.json docs/
COPY assets/ assets/
RUN scripts/web.sh

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      gcc libc6-dev make pkg-config \
      libmicrohttpd-dev libpq-dev libcurl4-openssl-dev \
      libcmark-gfm-dev libcmark-gfm-extensions-dev libjansson-dev \
      libsodium-dev libinih-dev libxlsxwriter-dev zlib1g-dev libseccomp-dev \
      libzip-dev libexpat1-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY src/ src/
RUN make -j"$(nproc)" all
COPY conf/ conf/
COPY sql/ sql/
COPY docs/openapi.json docs/
COPY --from=web /src/assets/dist/ /out/assets/dist/
RUN mkdir -p /out/bin \
 && cp build/release/honglian /out/bin/ \
 && cp -r conf docs /out/ \
 && mkdir -p /out/sql && cp sql/*.sql /out/sql/ \
 && test -f /out/assets/dist/index.html

FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      ca-certificates libmicrohttpd12 libpq5 libcurl4 \
      libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 \
      libjansson4 libsodium23 libinih1 libxlsxwriter4 libzip4 libexpat1 \
      libseccomp2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --no-create-home --home-dir /opt/honglian \
      --shell /usr/sbin/nologin honglian
COPY --from=build /out/ /opt/honglian/
WORKDIR /opt/honglian
ENV PATH=/opt/honglian/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HONGLIAN_SERVER_LISTEN_ADDRESS=0.0.0.0 \
    HONGLIAN_SERVER_ASSETS_DIR=/opt/honglian/assets/dist \
    HONGLIAN_SERVER_SQL_DIR=/opt/honglian/sql \
    HONGLIAN_SERVER_OPENAPI_FILE=/opt/honglian/docs/openapi.json \
    HONGLIAN_SERVER_ENVIRONMENT=production
USER honglian
EXPOSE 8080
CMD ["honglian", "serve"]
