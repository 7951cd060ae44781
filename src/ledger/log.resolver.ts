import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs } from '../graphql/connection';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { auditOfKnownAnswer } from '../graphql/known-answer';
import { CreditCodeScalar } from '../graphql/scalars';
import { LedgerError } from './ledger.errors';
import { LogProofService } from './log-proof.service';
import { LogWitness } from './log-witness.entity';
import { LogWitnessService } from './log-witness.service';
import { LogCheckpointView, LogConsistencyProof, LogEntryProof, LogWitnessConnection, RegisterLogWitnessInput } from './log.types';
import { checkpointView } from './log-views';

@Resolver()
export class LogResolver {
  @Query(() => LogCheckpointView, { description: 'Public: the latest signed checkpoint of the transparency log, with its cosignatures' })
  async logCheckpoint(@Ctx() ctx: Context): Promise<LogCheckpointView> {
    return checkpointView(await new LogProofService(ctx.em).latestCheckpoint());
  }

  @Query(() => String, { description: "Public: the log's note verifier key, <origin>+<8 hex key id>+<base64 of 0x01 and the Ed25519 public key>" })
  logKey(@Ctx() ctx: Context): string {
    if (!ctx.logKey) throw LedgerError.noLogKey();
    return ctx.logKey;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.CONTROLLED_MOVEMENTS), mandate(Mandate.DISPOSAL_MOVEMENTS))
  @Query(() => LogEntryProof, { description: 'An entry, its canonical text and its inclusion proof against the checkpoint of treeSize (default the latest): whoever may read the movement' })
  entryProof(
    @Arg('chain', () => CreditCodeScalar) chain: string,
    @Arg('seq', () => Int) seq: number,
    @Arg('treeSize', () => Int, { nullable: true }) treeSize: number | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Its audit row is known before the read (one row; of the answer's fields only chain names an enterprise): the proof's statement writes it.
    return new LogProofService(ctx.em).entryProof(ctx.viewer, chain, seq, treeSize, auditOfKnownAnswer(ctx.auditInRead, info, { chain }));
  }

  @Query(() => LogConsistencyProof, { description: 'Public: proof that the checkpoint of size `from` is a prefix of the one of size `to` (default the latest)' })
  consistencyProof(@Arg('from', () => Int) from: number, @Arg('to', () => Int, { nullable: true }) to: number | null, @Ctx() ctx: Context) {
    return new LogProofService(ctx.em).consistencyProof(from, to);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => LogWitness, { description: "Registers a witness of the log by its cosignature key: its cosignatures are then kept and served with the checkpoints" })
  registerLogWitness(@Arg('input') input: RegisterLogWitnessInput, @Ctx() ctx: Context) {
    return new LogWitnessService(ctx.em, ctx.clock).register(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => LogWitnessConnection, { description: "The log's registered witnesses" })
  logWitnesses(@Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return new LogWitnessService(ctx.em, ctx.clock).witnesses(ctx.viewer, args);
  }
}

export const logResolvers = [LogResolver] as const;
