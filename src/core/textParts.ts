/**
 * A long text crosses to the analysis worker in parts. Posting a 20 MB string copies all of it in
 * one synchronous step on the sender (~25 ms, longer on a busy machine), so the extension host
 * posts parts of `TEXT_PART_CHARS`, one per turn of its event loop, then the job without its text;
 * the worker puts the text back together before it runs the job.
 */
import type { AnalysisJob } from './analysisJobs';

/** Characters per part: copying one into a message takes about a millisecond. */
export const TEXT_PART_CHARS = 1 << 20;

/** One part of the text of job `id`, in order. */
export interface TextPart {
  type: 'textPart';
  id: number;
  part: string;
}

/** What the worker receives: a job, or a part of the text of the job that follows. */
export type WorkerMessage = AnalysisJob | TextPart;

/** The job with `text` in place of the empty one it was posted with. */
export function withText(job: AnalysisJob, text: string): AnalysisJob {
  if (job.type === 'count') return { ...job, text };
  if (job.type === 'compare' || job.type === 'countBody') return job;
  return { ...job, input: { ...job.input, text } } as AnalysisJob;
}

/**
 * The worker's side: keeps the parts of the newest job and hands back each job with its text. The
 * host may give up on a job halfway through its parts (a newer version of the document); the parts
 * of a job are dropped as soon as a part or a job with another id arrives.
 */
export class TextAssembler {
  private id = -1;
  private parts: string[] = [];

  /** The job to run, or undefined when `message` is a part. */
  receive(message: WorkerMessage): AnalysisJob | undefined {
    if (message.id !== this.id) {
      this.id = message.id;
      this.parts = [];
    }
    if (message.type === 'textPart') {
      this.parts.push(message.part);
      return undefined;
    }
    const parts = this.parts;
    this.parts = [];
    if (message.type === 'compare' || message.type === 'countBody' || !message.textInParts) return message;
    return withText(message, parts.join(''));
  }
}
