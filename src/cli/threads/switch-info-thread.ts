import { readSwitchInfo } from '../switch-info';
import { answerOnce } from './answer-once';

// The body of the thread `startSwitchInfoThread` starts: it loads Temporal's client before it is
// asked anything, then answers the one request it gets.
answerOnce(readSwitchInfo);
require('@temporalio/client');
