export { startWorkflowApp, type WorkflowApp } from './app';
export { loadWorkflowConfig, type WorkflowConfig } from './config';
export { buildWorkflowSchema } from './schema';
export { createWorkflowDataSource } from './data-source';
