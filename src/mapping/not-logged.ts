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
];

/** Whether CloudTrail does not record calls needing this action as management events. */
export function isNotLoggedAsManagementEvent(action: string): boolean {
  return NOT_LOGGED.has(action.toLowerCase());
}

const NOT_LOGGED = new Set(NOT_LOGGED_ACTIONS.map((a) => a.toLowerCase()));
