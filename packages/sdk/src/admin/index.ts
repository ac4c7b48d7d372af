export { FlowLogs, type FlowLogsOptions, type FlowLogRecord } from './flowLogs.ts';
