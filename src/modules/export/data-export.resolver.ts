import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Info, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { DataExport, toDataExport } from './data-export.type';
import { DataExportService } from './data-export.service';

@Resolver(() => DataExport)
export class DataExportResolver {
  /** Read through the schema this request runs on, so the export passes the same rules. */
  @Query(() => DataExport, { description: 'Everything KacMac holds about the calling customer' })
  async myDataExport(@Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<DataExport> {
    return toDataExport(await new DataExportService(ctx, info.schema).export());
  }
}
