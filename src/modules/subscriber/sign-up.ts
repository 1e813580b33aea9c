import type { EntityManager } from 'typeorm';

/** The choices a sign-up (createSubscriber) carries for other modules to record. */
export interface SignUpChoices {
  marketingMailings?: boolean | null;
}

type SignUpStep = (manager: EntityManager, subscriberId: string, choices: SignUpChoices) => Promise<void>;

const steps: SignUpStep[] = [];

/**
 * Another module's part of a sign-up (the marketing choice), registered by
 * src/modules/index.ts: it runs in the sign-up's transaction, while the subscriber module
 * imports no module that builds on it (the layer order of CONTRIBUTING.md).
 */
export function onSignUp(step: SignUpStep): void {
  steps.push(step);
}

export async function recordSignUpSteps(
  manager: EntityManager,
  subscriberId: string,
  choices: SignUpChoices,
): Promise<void> {
  for (const step of steps) await step(manager, subscriberId, choices);
}
