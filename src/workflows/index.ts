// Every workflow the worker registers. Workflow code runs in Temporal's deterministic sandbox: it may
// import pure modules (../modes, ../contract) and types, never I/O (../proxmox, ../config/load, node:*).
export { modeSwitchWorkflow } from './mode-switch';
export { notifyWorkflow } from './notify';
export { scheduledSwitchWorkflow } from './scheduled-switch';
export { scheduleHoldWorkflow } from './schedule-hold';
