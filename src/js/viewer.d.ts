// <vanban-viewer> (import 'vanban/viewer' to define it).
import type { FormattedReport, Notice, VerificationReport } from './index.js';

export declare class VanbanViewer extends HTMLElement {
  /** Extra trust anchors (PEM text or certificate bytes). */
  trust: (string | ArrayBuffer | ArrayBufferView)[];
  /** Whether the bundled Vietnamese anchors count (default true). */
  defaultTrust: boolean;
  /** Reads a file: its text, and its signatures when it has any. */
  open(file: Blob & { name?: string }): Promise<void>;
}

declare global {
  interface HTMLElementTagNameMap { 'vanban-viewer': VanbanViewer }
  interface HTMLElementEventMap {
    'vanban-text': CustomEvent<{ name: string; text: string; notices: Notice[] }>;
    'vanban-report': CustomEvent<{ name: string; report: VerificationReport; formatted: FormattedReport }>;
    'vanban-error': CustomEvent<{ name: string; error: Error }>;
  }
}
