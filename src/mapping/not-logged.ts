/**
 * What CloudTrail does not record, hand-kept with a source for every entry:
 *
 * - `NEVER_LOGGED`: API calls of services that CloudTrail does record, which it leaves out (the
 *   data plane: log and metric data, traces, invocations, agents' message channels) or records
 *   only as data events of resource types the data-event table (data-events.ts) does not cover.
 *   An SDK operation needing such an action exists, so the API models alone would call it a
 *   management event; it is not. A workload can call them without leaving any record, so their
 *   absence from a trail proves nothing, whatever else the role did.
 * - `NOT_SUPPORTED_SERVICES`: services CloudTrail does not support at all. AWS's rule
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-aws-service-specific-topics.html,
 *   "CloudTrail unsupported services"): services in preview, not generally available, or without
 *   a public API are not supported, and neither is AWS Import/Export. The services of the IAM
 *   catalogue that no API model describes and no event source is known for are treated by that
 *   rule (visibility.ts); this table holds the ones named explicitly.
 *
 * A wrong entry here only keeps a permission (unknown); a missing one can remove a needed one.
 */

export interface NeverLoggedGroup {
  /** The page that says what the service logs (what is missing there is what is listed). */
  readonly source: string;
  readonly why: string;
  /** Actions or action patterns (`ec2messages:*`); every one must name catalogue actions. */
  readonly actions: readonly string[];
}

export const NEVER_LOGGED: readonly NeverLoggedGroup[] = [
  {
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html',
    why: 'log-event ingestion and retrieval are not management events',
    actions: [
      'logs:PutLogEvents',
      'logs:GetLogEvents',
      'logs:FilterLogEvents',
      'logs:GetLogRecord',
      'logs:StartLiveTail',
      'logs:Unmask',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html',
    why: "trace and telemetry uploads and the daemon's sampling calls are not among the logged actions",
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:PutSpans',
      'xray:PutSpansForIndexing',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:GetSamplingStatisticSummaries',
    ],
  },
  {
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html',
    why: 'metric data calls are data events, not management events',
    actions: [
      'cloudwatch:PutMetricData',
      'cloudwatch:GetMetricData',
      'cloudwatch:GetMetricStatistics',
      'cloudwatch:ListMetrics',
      'cloudwatch:GetMetricWidgetImage',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudtrail.html',
    why: 'record ingestion is not among the logged actions',
    actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
  },
  {
    source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/cloudtrail.html',
    why: 'CloudTrail records the API Gateway management API, not invocations of deployed APIs, their cache invalidation header, nor WebSocket @connections calls',
    actions: ['execute-api:Invoke', 'execute-api:InvalidateCache', 'execute-api:ManageConnections'],
  },
  {
    source: 'https://docs.aws.amazon.com/iot/latest/developerguide/iot-using-cloudtrail.html',
    why: 'the device data plane (MQTT, Device Shadow, retained messages, jobs data) is not logged',
    actions: [
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
      'iotjobsdata:*',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html',
    why: 'the email-sending calls are not among the logged management events',
    actions: [
      'ses:SendEmail',
      'ses:SendRawEmail',
      'ses:SendTemplatedEmail',
      'ses:SendBulkTemplatedEmail',
      'ses:SendBulkEmail',
      'ses:SendCustomVerificationEmail',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/logging-using-cloudtrail.html',
    why: 'every SageMaker action is logged except the endpoint invocations',
    actions: [
      'sagemaker:InvokeEndpoint',
      'sagemaker:InvokeEndpointAsync',
      'sagemaker:InvokeEndpointWithResponseStream',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html',
    why: 'a function URL is invoked by an HTTP request to the URL, not by a Lambda API call',
    actions: ['lambda:InvokeFunctionUrl'],
  },
  {
    source:
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
    why: 'data events of resource types the data-event table does not cover (Cognito identity pools, the RDS Data API, Cloud Map discovery, Step Functions tasks and synchronous executions, Timestream writes, Kinesis Video media, AppConfig data, QLDB sessions, EventBridge PutEvents)',
    actions: [
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
    ],
  },
  {
    source:
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html',
    why: "the SSM Agent's message channels (ec2messages, ssmmessages) are not Systems Manager API operations: no API model describes them and CloudTrail lists none of them",
    actions: ['ec2messages:*', 'ssmmessages:*'],
  },
  {
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html',
    why: 'IAM database authentication is checked by the database engine when a client connects, not by an API call',
    actions: ['rds-db:connect'],
  },
  {
    source: 'https://docs.aws.amazon.com/vpc-lattice/latest/ug/monitoring-cloudtrail.html',
    why: 'requests to VPC Lattice services are data plane traffic (access logs), not management API calls',
    actions: ['vpc-lattice-svcs:*'],
  },
  {
    source: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-cloudtrail.html',
    why: "the CodeDeploy agent's host-command channel is not part of the CodeDeploy API that CloudTrail logs",
    actions: ['codedeploy-commands-secure:*'],
  },
  {
    source:
      'https://docs.aws.amazon.com/msk/latest/developerguide/logging-API-using-cloudtrail.html',
    why: 'CloudTrail captures Apache Kafka actions that create and alter topics and groups, not connecting, producing or consuming',
    actions: [
      'kafka-cluster:Connect',
      'kafka-cluster:ReadData',
      'kafka-cluster:WriteData',
      'kafka-cluster:WriteDataIdempotently',
    ],
  },
  {
    source:
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-cloudtrailauditing.html',
    why: 'CloudTrail records the OpenSearch Service configuration API, not the HTTP requests to a domain (those go to audit logs)',
    actions: ['es:ESHttp*'],
  },
  {
    source:
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-cloudtrail.html',
    why: 'requests to OpenSearch Serverless collections and dashboards are data-plane access, not management events',
    actions: ['aoss:APIAccessAll', 'aoss:DashboardsAccessAll'],
  },
  {
    source: 'https://docs.aws.amazon.com/neptune/latest/userguide/cloudtrail.html',
    why: 'CloudTrail records the Neptune management API; queries, loads and ML jobs on a cluster endpoint (neptune-db) are data plane',
    actions: ['neptune-db:*'],
  },
  {
    source: 'https://docs.aws.amazon.com/appsync/latest/devguide/cloudtrail-logging.html',
    why: 'CloudTrail records the AppSync management API, not GraphQL requests nor Event API connections and messages',
    actions: [
      'appsync:GraphQL',
      'appsync:EventConnect',
      'appsync:EventPublish',
      'appsync:EventSubscribe',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html',
    why: 'IAM authentication to a cache or cluster is checked when a client connects, not by an API call',
    actions: ['elasticache:Connect', 'memorydb:Connect'],
  },
  {
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html',
    why: 'CloudTrail records the DAX management API; the item calls a DAX cluster serves are its data plane',
    actions: [
      'dax:BatchGetItem',
      'dax:BatchWriteItem',
      'dax:ConditionCheckItem',
      'dax:DeleteItem',
      'dax:GetItem',
      'dax:PutItem',
      'dax:Query',
      'dax:Scan',
      'dax:UpdateItem',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/keyspaces/latest/devguide/logging-using-cloudtrail.html',
    why: 'CQL reads and writes (cassandra:Select, Modify) are logged only as data events of resource types the data-event table does not cover',
    actions: ['cassandra:Select', 'cassandra:Modify'],
  },
  {
    source: 'https://docs.aws.amazon.com/lexv2/latest/dg/monitoring-cloudtrail.html',
    why: 'the Lex runtime (conversations with a bot) is logged only as data events of resource types the data-event table does not cover',
    actions: [
      'lex:RecognizeText',
      'lex:RecognizeUtterance',
      'lex:StartConversation',
      'lex:PutSession',
      'lex:GetSession',
      'lex:DeleteSession',
      'lex:PostText',
      'lex:PostContent',
    ],
  },
  {
    source:
      'https://docs.aws.amazon.com/transcribe/latest/dg/monitoring-transcribe-cloud-trail.html',
    why: 'streaming transcription runs over HTTP/2 and WebSocket streams, not logged as management events',
    actions: ['transcribe:*Stream*'],
  },
  {
    source:
      'https://docs.aws.amazon.com/cloudsearch/latest/developerguide/logging-config-api-calls.html',
    why: 'CloudTrail records the configuration API, not search, suggest and document requests to a domain',
    actions: ['cloudsearch:search', 'cloudsearch:suggest', 'cloudsearch:document'],
  },
  {
    source: 'https://docs.aws.amazon.com/mediastore/latest/ug/cloudtrail.html',
    why: 'object calls to a MediaStore container are data-plane requests',
    actions: [
      'mediastore:GetObject',
      'mediastore:PutObject',
      'mediastore:DeleteObject',
      'mediastore:DescribeObject',
      'mediastore:ListItems',
    ],
  },
  {
    source: 'https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/monitoring-cloudtrail.html',
    why: 'media ingestion, playback and WebRTC signaling are data-plane calls',
    actions: [
      'kinesisvideo:PutMedia',
      'kinesisvideo:GetMediaForFragmentList',
      'kinesisvideo:ListFragments',
      'kinesisvideo:GetClip',
      'kinesisvideo:GetHLSStreamingSessionURL',
      'kinesisvideo:GetDASHStreamingSessionURL',
      'kinesisvideo:GetImages',
      'kinesisvideo:ConnectAsMaster',
      'kinesisvideo:ConnectAsViewer',
      'kinesisvideo:SendAlexaOfferToMaster',
    ],
  },
];

/** IAM prefix → why CloudTrail does not record the service (see the rule above). */
export const NOT_SUPPORTED_SERVICES: Readonly<Record<string, string>> = {
  importexport:
    'AWS Import/Export is named by CloudTrail as not supported (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-aws-service-specific-topics.html)',
};

/** Every pattern of the never-logged table, flattened (for validation and tests). */
export const NOT_LOGGED_ACTIONS: readonly string[] = NEVER_LOGGED.flatMap((g) => g.actions);
