// The capture gatherer's public surface: read a capture file into observations.
export {
  analyzeCapture,
  isoTime,
  linkTypeName,
  type AnalyzeOptions,
  type CaptureAnalysis,
} from './analyze.js';
export {
  readCaptureFile,
  type CaptureFormat,
  type CaptureInterface,
  type RawPacket,
  type ReadSummary,
  type ReadOptions,
  type BodyFilter,
} from './formats/index.js';
export {
  decodeFrame,
  newSegment,
  LINKTYPE,
  type TcpSegment,
  type DecodeResult,
  type DecodeStatus,
} from './decode.js';
export { HalfStream, seqDiff, type StreamSink, type GapReason } from './reassembly.js';
export type * from '../model/observations/capture.js';
