# syntax=docker/dockerfile:1
# soc2-evidence as a container image: `docker build -t soc2-evidence .`
# The build stage compiles and packs exactly what `npm publish` would ship; the runtime stage installs
# that package's production dependencies from the lock file and runs as the unprivileged `node` user.
# test/deploy/docker-install.test.ts runs these same steps without a Docker engine.

FROM node:22-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json README.md ./
COPY src ./src
COPY controls ./controls
COPY policy ./policy
COPY questionnaire ./questionnaire
COPY examples ./examples
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp \
    && mkdir -p /build/package && tar -xzf /tmp/soc2-evidence-*.tgz -C /build/package --strip-components=1

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /opt/soc2-evidence
COPY --from=build /build/package ./
COPY package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && chmod 755 dist/cli/bin.js && ln -s /opt/soc2-evidence/dist/cli/bin.js /usr/local/bin/soc2-evidence
# Runs land in /home/node (mount a volume there, or use --out s3://BUCKET/PREFIX); put soc2-evidence.yaml there too.
USER node
WORKDIR /home/node
ENTRYPOINT ["soc2-evidence"]
CMD ["--help"]
