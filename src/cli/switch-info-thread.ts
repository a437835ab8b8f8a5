import { parentPort } from 'node:worker_threads';
import { readSwitchInfo, type SwitchInfoRequest } from './switch-info';

// The body of the thread `startSwitchInfoThread` starts: it loads Temporal's client before it is
// asked anything, then answers the one request it gets.
parentPort?.once('message', (request: SwitchInfoRequest) => void readSwitchInfo(request).then((info) => parentPort?.postMessage(info)));
require('@temporalio/client');
