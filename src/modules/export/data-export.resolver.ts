import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Info, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { DataExport } from './data-export.type';
import { DataExportService } from './data-export.service';

@Resolver(() => DataExport)
export class DataExportResolver {
  /** Read through the schema this request runs on, so the export passes the same rules. */
  @Query(() => DataExport, { description: 'Everything KacMac holds about the calling customer' })
  myDataExport(@Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<DataExport> {
    return new DataExportService(ctx, info.schema).export();
  }
}
