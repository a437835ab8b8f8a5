import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelReply, errorReply, modeOfCommand, noWorkerReply, refusedReply, startedReply, whileRunning } from '../../../src/mqtt/replies';

const modes = [{ name: 'linuxvrstreaming', aliases: ['vr'] }, { name: 'windowsvrstreaming' }, { name: 'nimsforestnogpu' }];
const running = {
  request: { action: 'switch' as const, target: 'windowsvrstreaming', requestedBy: 'cli:alice@desk' },
  summary: 'pve: linuxvrstreaming → windowsvrstreaming',
  workflowId: 'morpheus-switch-pve',
  step: 'switching: step 1 of 4',
};

describe('modeOfCommand', () => {
  it('takes a mode name, surrounding whitespace ignored', () => assert.deepEqual(modeOfCommand(' nimsforestnogpu\n', modes), { mode: 'nimsforestnogpu' }));
  it('answers an unknown name with a suggestion and the known modes', () =>
    assert.deepEqual(modeOfCommand('windowsvr', modes), {
      reply: {
        outcome: 'unknown-mode',
        text: 'unknown mode "windowsvr"; did you mean "windowsvrstreaming"? (known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu)',
      },
    }));
  it('shortens a long payload in the answer', () => {
    const r = modeOfCommand('x'.repeat(5000), modes);
    assert.ok('reply' in r && r.reply.text.startsWith(`unknown mode "${'x'.repeat(64)}…"`));
  });
  it('is case-sensitive, like the select options', () => assert.ok('reply' in modeOfCommand('LinuxVRStreaming', modes)));
  it('takes an alias, and answers with the mode it names', () => assert.deepEqual(modeOfCommand('vr', modes), { mode: 'linuxvrstreaming' }));
});

describe('whileRunning', () => {
  it('follows a running switch to the same mode', () =>
    assert.deepEqual(whileRunning('windowsvrstreaming', running), {
      outcome: 'attached',
      text: 'already switching to windowsvrstreaming (switching: step 1 of 4); following it',
    }));
  it('answers busy for any other mode, saying what runs and what to do', () =>
    assert.deepEqual(whileRunning('nimsforestnogpu', running), {
      outcome: 'busy',
      text: 'busy: another switch is in progress (switch to windowsvrstreaming, requested by cli:alice@desk; switching: step 1 of 4); choose again when it ends, or press Cancel switch',
    }));
  it('answers busy for a running start or stop of the same mode: it is not the switch asked for', () =>
    assert.equal(whileRunning('windowsvrstreaming', { ...running, request: { ...running.request, action: 'start' } }).outcome, 'busy'));
  it('names the running switch by its summary when its request is unknown', () =>
    assert.match(
      whileRunning('nimsforestnogpu', { ...running, request: undefined }).text,
      /^busy: another switch is in progress \(pve: linuxvrstreaming → windowsvrstreaming; /,
    ));
});

describe('other replies', () => {
  it("refused: the planner's reasons and advice", () => {
    const r = refusedReply({
      kind: 'refused',
      action: 'switch',
      target: 'shared',
      running: ['linux'],
      refusals: [{ kind: 'declared-conflict', modes: ['linux'], declared: ['linux'] }],
      alternatives: [],
    } as never);
    assert.deepEqual(r, {
      outcome: 'refused',
      text: 'refused: Cannot switch to shared: Conflicts with: linux (running). Stop linux first (morpheus mode stop linux), or use --force to preempt it.',
    });
  });
  it('started, and a no-op with its reason', () => {
    assert.deepEqual(startedReply({ kind: 'run' } as never, 'windows'), { outcome: 'started', text: 'switching to windows' });
    assert.deepEqual(startedReply({ kind: 'noop', reason: 'already in windows mode' } as never, 'windows'), {
      outcome: 'started',
      text: 'windows: nothing to do (already in windows mode)',
    });
  });
  it('no worker: how to start one', () =>
    assert.match(
      noWorkerReply('pve', 'morpheus-pve').text,
      /^no Morpheus worker is running for host pve \(task queue "morpheus-pve"\); start one with `morpheus worker`$/,
    ));
  it('cancel: what is cancelled, or that nothing runs', () => {
    assert.deepEqual(cancelReply(undefined), { outcome: 'nothing-to-cancel', text: 'no switch is running; nothing to cancel' });
    assert.equal(cancelReply({ summary: 'pve: a → b', workflowId: 'w' }).text, 'cancelling pve: a → b: the step under way completes, nothing further starts');
  });
  it('an error: its first line only', () =>
    assert.deepEqual(errorReply(new Error('cannot reach Temporal at x:7233: refused\nstack')), {
      outcome: 'error',
      text: 'error: cannot reach Temporal at x:7233: refused',
    }));
});
