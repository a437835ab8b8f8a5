import { SimApiError } from '../model/sim-api-error';
import type { SimWorld } from '../world';
import type { Params, Route } from './router';

export type ControlHandler = (world: SimWorld, params: Params, body: unknown) => unknown;

const route = (method: string, pattern: string, handler: ControlHandler): Route<ControlHandler> => ({ method, pattern, handler });

/**
 * The control surface, outside `/api2`, for tests, benchmarks and demos. It has no authentication:
 * the simulator only listens on loopback.
 */
export const CONTROL_ROUTES: readonly Route<ControlHandler>[] = [
  route('GET', '/_sim/state', (w) => w.state()),
  route('POST', '/_sim/reset', (w, _, body) => {
    w.resetFrom(body);
    return w.state();
  }),
  route('PATCH', '/_sim/vms/{vmid}', (w, p, body) => {
    w.patchVm(Number(p['vmid']), body);
    return w.state().vms.find((v) => v.vmid === Number(p['vmid']));
  }),
  route('POST', '/_sim/vms/{vmid}/finish-now', (w, p) => {
    const vmid = Number(p['vmid']);
    if (w.host.finishNow(vmid) === 0) throw new SimApiError(409, `VM ${vmid} is in the middle of nothing: no task running, no guest shutting down or booting`);
    return w.state().vms.find((v) => v.vmid === vmid);
  }),
  route('GET', '/_sim/tasks', (w) => w.tasks()),
  route('PUT', '/_sim/faults', (w, _, body) => w.setFaults(body)),
  route('GET', '/_sim/requests', (w) => ({ ...w.counter.snapshot(), injected: w.injected, held: w.held })),
  route('DELETE', '/_sim/requests', (w) => {
    w.counter.reset();
    w.injected = { errors: 0, drops: 0, malformed: 0 };
    return null;
  }),
  route('GET', '/_sim/gpu-timeline', (w) => {
    w.host.advance();
    return w.host.timeline.snapshot();
  }),
];
