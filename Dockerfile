# syntax=docker/dockerfile:1
# Passerelle's container image: built with the Rust toolchain, run as a non-root user on
# distroless/cc (glibc and libgcc, no shell, no package manager). The binary is all the
# service needs: flows, texts, communes and the kiosk's and the console's pages are embedded,
# TLS roots are compiled in (rustls, webpki-roots). How to build, run and check it:
# docs/operations.md, "Container".

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
# Symbols kept (readable backtraces), debug information dropped (a smaller image).
ENV CARGO_PROFILE_RELEASE_STRIP=debuginfo
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin passerelle \
    && cp target/release/passerelle /usr/local/bin/passerelle \
    && mkdir -p /data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/passerelle /usr/local/bin/passerelle
# The SQLite database's folder, owned by the image's user (nonroot, 65532). With PostgreSQL
# (DATABASE_URL=postgres://…) nothing is written there.
COPY --from=build --chown=65532:65532 /data /data
WORKDIR /data
ENV PASSERELLE_BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:/data/passerelle.db \
    PASSERELLE_LOG_FORMAT=json
EXPOSE 8080
VOLUME ["/data"]
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/passerelle"]
CMD ["serve"]
