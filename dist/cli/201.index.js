export const id = 201;
export const ids = [201];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_MAX_ATTEMPTS: () => (/* binding */ DEFAULT_MAX_ATTEMPTS),
/* harmony export */   assumeRoleCredentials: () => (/* binding */ assumeRoleCredentials),
/* harmony export */   callerAccountId: () => (/* binding */ callerAccountId),
/* harmony export */   createAwsClients: () => (/* binding */ createAwsClients),
/* harmony export */   createIamClient: () => (/* binding */ createIamClient),
/* harmony export */   createS3Client: () => (/* binding */ createS3Client),
/* harmony export */   createSsoAdminClient: () => (/* binding */ createSsoAdminClient),
/* harmony export */   createStsClient: () => (/* binding */ createStsClient),
/* harmony export */   destroyAwsClients: () => (/* binding */ destroyAwsClients),
/* harmony export */   resolveRegion: () => (/* binding */ resolveRegion)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6764);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3711);
/* harmony import */ var _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1488);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1695);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
/**
 * The one place SDK clients are made. Every client gets the same region, retry budget and
 * timeouts. Endpoints are the SDK's own business: it honours `AWS_ENDPOINT_URL` and the
 * per-service `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO_ADMIN` (and
 * `endpoint_url` in the shared config file) natively, so nothing here reads them.
 */





const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** The region the clients use when none is given. */
function resolveRegion(region) {
    const fromEnv = [region, process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION].find((value) => value !== undefined && value.trim() !== '');
    return fromEnv?.trim() ?? DEFAULT_REGION;
}
function commonConfig(options) {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
    }
    return {
        region: resolveRegion(options.region),
        maxAttempts,
        requestHandler: {
            connectionTimeout: 10_000,
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
        },
        ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
        ...(options.endpoint !== undefined && options.endpoint !== ''
            ? { endpoint: options.endpoint }
            : {}),
    };
}
/** An S3 client; with `credentials` it uses them instead of `options.credentials`. */
function createS3Client(options = {}, credentials) {
    const config = commonConfig(options);
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__/* .S3Client */ .YxF({
        ...config,
        ...(credentials !== undefined ? { credentials } : {}),
        forcePathStyle: options.forcePathStyle ?? false,
        followRegionRedirects: true,
    });
}
function createIamClient(options = {}) {
    return new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_2__/* .IAMClient */ .h8v(commonConfig(options));
}
function createSsoAdminClient(options = {}) {
    return new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_3__/* .SSOAdminClient */ .cJe(commonConfig(options));
}
function createStsClient(options = {}) {
    return new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .STSClient */ .iM(commonConfig(options));
}
function sessionName(options) {
    const runId = process.env.GITHUB_RUN_ID;
    const name = options.trailRoleSessionName ?? `iam-policy-drift${runId !== undefined ? `-${runId}` : ''}`;
    // RoleSessionName: 2 to 64 characters of [\w+=,.@-].
    const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
    return clean.length >= 2 ? clean : 'iam-policy-drift';
}
/**
 * Credentials of `roleArn`, assumed through `sts` and renewed by the SDK before they expire
 * (the clients memoize a provider and call it again when the expiration is near). A failure
 * is explained (`translateAssumeRoleError`).
 */
function assumeRoleCredentials(sts, roleArn, options = {}) {
    return async () => {
        try {
            const output = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .AssumeRoleCommand */ .QL({
                RoleArn: roleArn,
                RoleSessionName: options.sessionName ?? 'iam-policy-drift',
                DurationSeconds: options.durationSeconds ?? 3600,
                ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
            }));
            const credentials = output.Credentials;
            if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
                throw new Error('STS AssumeRole answered without credentials');
            }
            return {
                accessKeyId: credentials.AccessKeyId,
                secretAccessKey: credentials.SecretAccessKey,
                ...(credentials.SessionToken !== undefined
                    ? { sessionToken: credentials.SessionToken }
                    : {}),
                ...(credentials.Expiration !== undefined ? { expiration: credentials.Expiration } : {}),
            };
        }
        catch (error) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .translateAssumeRoleError */ .Vp)(error, roleArn);
        }
    };
}
/** All the clients a run needs. */
function createAwsClients(options = {}) {
    const sts = createStsClient(options);
    const iam = createIamClient(options);
    const s3 = options.trailRoleArn !== undefined && options.trailRoleArn !== ''
        ? createS3Client(options, assumeRoleCredentials(sts, options.trailRoleArn, {
            sessionName: sessionName(options),
            externalId: options.trailRoleExternalId,
        }))
        : createS3Client(options);
    const ssoAdmin = createSsoAdminClient(options);
    return { s3, iam, sts, ssoAdmin };
}
/** The account of the credentials `sts` uses (STS GetCallerIdentity needs no permission). */
async function callerAccountId(sts) {
    const output = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_4__/* .GetCallerIdentityCommand */ .zI({}));
    return output.Account;
}
/** Closes the clients' connection pools (so a CLI can exit promptly). */
function destroyAwsClients(clients) {
    clients.s3.destroy();
    clients.iam.destroy();
    clients.sts.destroy();
    clients.ssoAdmin.destroy();
}


/***/ })

};
