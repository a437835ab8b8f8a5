// Every workflow the worker registers. Workflow code runs in Temporal's deterministic sandbox: it may
// import pure modules (../modes) and types, never I/O (../proxmox, ../config/load, node:*).
export { modeSwitchWorkflow } from './mode-switch';
