# The conference office as one static binary on an empty image.
#
#   docker build -t konferenz .
#   docker run -p 8080:8080 -v konferenz-data:/data konferenz          # SQLite in /data
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://... konferenz   # PostgreSQL
#
# Subcommands run the same way: `docker run --rm konferenz migrate`, or
# `docker run --rm -i konferenz create-user -email ... -name ...` with the
# password on standard input. Templates, assets, translations, migrations
# and time zones are embedded in the binary.

# Build stage.
FROM golang:1.26-bookworm AS build
WORKDIR /src

# Modules first, so that a change of source does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./server

# What the empty image needs besides the binary: a user without a shell,
# the CA certificates for outgoing TLS, and a data directory that user owns.
RUN mkdir -p /out/etc/ssl/certs /out/data /out/tmp \
    && echo 'nonroot:x:65532:65532:nonroot:/data:/sbin/nologin' > /out/etc/passwd \
    && echo 'nonroot:x:65532:' > /out/etc/group \
    && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ \
    && chmod 1777 /out/tmp

# Final stage: nothing but the static binary and the files above.
FROM scratch
COPY --from=build /out/etc/ /etc/
COPY --from=build /out/tmp/ /tmp/
COPY --from=build --chown=65532:65532 /out/data/ /data/
COPY --from=build /out/server /server

USER 65532:65532
WORKDIR /data
ENV ADDR=:8080 \
    DATABASE_URL=sqlite:/data/konferenz.db \
    HOME=/data
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/server"]
