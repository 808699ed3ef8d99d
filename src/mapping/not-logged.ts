/**
 * Actions whose calls CloudTrail does not record as management events: either never logged, or
 * logged only as data events of resource types a trail must opt into (and that the data-event
 * table in evaluate/knowledge.ts does not cover). An SDK operation needing such an action exists,
 * so the operation map alone would call it "observable"; it is not. Their absence from a trail
 * proves nothing: they are unknown unless seen used.
 *
 * Hand-kept. Sources: each service's "Logging ... API calls with AWS CloudTrail" page, which lists
 * what the service logs; what is missing there is the data plane:
 * - CloudWatch Logs: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html
 *   (log-event ingestion and retrieval, PutLogEvents / GetLogEvents / FilterLogEvents /
 *   GetLogRecord, are not management events).
 * - X-Ray: https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html (the trace
 *   and telemetry uploads and the daemon's sampling calls are not in the list of logged actions).
 * - CloudWatch: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html
 *   (metric data calls, PutMetricData, GetMetricData, GetMetricStatistics, ListMetrics,
 *   GetMetricWidgetImage, are data events, not management events).
 * - Amazon Data Firehose: https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudtrail.html
 *   (PutRecord / PutRecordBatch are not among the logged actions).
 * - API Gateway: https://docs.aws.amazon.com/apigateway/latest/developerguide/cloudtrail.html
 *   (CloudTrail records calls to the API Gateway management API, not invocations of deployed
 *   APIs, `execute-api:Invoke`, nor WebSocket `@connections` calls).
 * - AWS IoT Core: https://docs.aws.amazon.com/iot/latest/developerguide/iot-using-cloudtrail.html
 *   (the device data plane, MQTT Connect/Publish/Subscribe/Receive and Device Shadow calls, is
 *   not logged by CloudTrail).
 * - Amazon SES: https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html (the
 *   email-sending calls are not among the logged management events).
 * - SageMaker: https://docs.aws.amazon.com/sagemaker/latest/dg/logging-using-cloudtrail.html
 *   (every action is logged except the endpoint invocations).
 * - Data events of resource types the data-event table (evaluate/knowledge.ts) does not cover:
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 *   (Cognito identity pools, the RDS Data API, Cloud Map discovery, Step Functions tasks and
 *   synchronous executions, Timestream writes, Kinesis Video media, AppConfig data, QLDB
 *   sessions, EventBridge PutEvents). Listed from that page as remembered, not checked line by
 *   line here: the direction is safe, as below.
 * A wrong entry here only keeps a permission (unknown); a missing one can remove a needed one.
 */
export const NOT_LOGGED_ACTIONS: readonly string[] = [
  'logs:PutLogEvents',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:GetLogRecord',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  'cloudwatch:GetMetricStatistics',
  'cloudwatch:ListMetrics',
  'cloudwatch:GetMetricWidgetImage',
  'firehose:PutRecord',
  'firehose:PutRecordBatch',
  'execute-api:Invoke',
  'execute-api:ManageConnections',
  'iot:Connect',
  'iot:Publish',
  'iot:Subscribe',
  'iot:Receive',
  'iot:RetainPublish',
  'iot:GetThingShadow',
  'iot:UpdateThingShadow',
  'iot:DeleteThingShadow',
  'iot:ListNamedShadowsForThing',
  'iot:GetRetainedMessage',
  'iot:ListRetainedMessages',
  'ses:SendEmail',
  'ses:SendRawEmail',
  'ses:SendTemplatedEmail',
  'ses:SendBulkTemplatedEmail',
  'ses:SendBulkEmail',
  'sagemaker:InvokeEndpoint',
  'sagemaker:InvokeEndpointAsync',
  'cognito-identity:GetId',
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'rds-data:ExecuteStatement',
  'rds-data:BatchExecuteStatement',
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:RollbackTransaction',
  'rds-data:ExecuteSql',
  'servicediscovery:DiscoverInstances',
  'states:StartSyncExecution',
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
  'timestream:WriteRecords',
  'kinesisvideo:GetMedia',
  'appconfig:StartConfigurationSession',
  'appconfig:GetLatestConfiguration',
  'qldb:SendCommand',
  'events:PutEvents',
];

/** Whether CloudTrail does not record calls needing this action as management events. */
export function isNotLoggedAsManagementEvent(action: string): boolean {
  return NOT_LOGGED.has(action.toLowerCase());
}

const NOT_LOGGED = new Set(NOT_LOGGED_ACTIONS.map((a) => a.toLowerCase()));
