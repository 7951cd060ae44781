import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { mandate, Mandate } from '../access/mandates';
import { rulesAllow, rulesIdentity } from '../access/auth-checker';
import { assertCanReadEnterpriseRow } from '../access/policy';
import { Role } from '../access/viewer';
import { joinedRow } from '../db/plain-rows';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { readConnectionAsJson } from '../graphql/json-read';
import { CompiledRoot, compiledConnection, compiledRelation, compiledRoot } from '../graphql/json-read-plan';
import { CreditCodeScalar } from '../graphql/scalars';
import { BatchResolver } from './batch.resolver';
import { Chemical } from './chemical.entity';
import { Enterprise } from './enterprise.entity';
import { Product } from './product.entity';
import { publicProductUrl, PublicProduct, qrCodeSvg, toPublicProduct } from './public-product';
import { EnforcementLevel } from './registry.enums';
import { RegisterEnterpriseInput, RegisterProductInput, RegisterWarehouseInput, UpdateEnterpriseInput } from './registry.inputs';
import { RegistryService } from './registry.service';
import { Warehouse } from './warehouse.entity';

export const EnterpriseConnection = connectionType(Enterprise);
export const ChemicalConnection = connectionType(Chemical);
export const ProductConnection = connectionType(Product);
export const WarehouseConnection = connectionType(Warehouse);

@ArgsType()
class EnterprisesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true })
  town?: string | null;

  @Field(() => EnforcementLevel, { nullable: true })
  enforcementLevel?: EnforcementLevel | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or credit code' })
  search?: string | null;
}

@ArgsType()
class ChemicalsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Part of a name or alias, or a whole CAS number' })
  search?: string | null;
}

@ArgsType()
class WarehousesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Part of the code or name' })
  search?: string | null;
}

@ArgsType()
class ProductsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Part of the traceability code or trade name' })
  search?: string | null;
}

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.ENTERPRISES))
  @Query(() => Enterprise, { description: 'An enterprise by credit code: regulators and partners any, an enterprise itself' })
  enterprise(@Arg('creditCode', () => CreditCodeScalar) creditCode: string, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).enterprise(ctx.viewer, creditCode);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.ENTERPRISES))
  @Query(() => EnterpriseConnection)
  async enterprises(@Args() args: EnterprisesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const root = compiledEnterprises(ctx, args);
    if (root) {
      const compiled = await readConnectionAsJson(ctx, info, root);
      if (compiled) return compiled;
    }
    const service = new RegistryService(ctx.em);
    return service.enterprises(ctx.viewer, args, args, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Enterprise)
  registerEnterprise(@Arg('input') input: RegisterEnterpriseInput, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).registerEnterprise(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Enterprise)
  updateEnterprise(@Arg('input') input: UpdateEnterpriseInput, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).updateEnterprise(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The group enterprise' })
  async parent(@Root() enterprise: Enterprise, @Ctx() ctx: Context) {
    return enterprise.parent ? ctx.loaders.enterprise.load(enterprise.parent.id) : null;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.WAREHOUSES))
  @FieldResolver(() => WarehouseConnection)
  warehouses(@Root() enterprise: Enterprise, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // An enterprise reached through another's movement (a counterparty) shows its name, not its premises.
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new RegistryService(ctx.em).warehousesOf(ids, args, connectionWants(info)));
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.PRODUCTS))
  @FieldResolver(() => ProductConnection)
  products(@Root() enterprise: Enterprise, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new RegistryService(ctx.em).productsOf(ids, args, connectionWants(info, ['chemical'])));
  }
}

@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.WAREHOUSES))
  @Query(() => WarehouseConnection)
  warehouses(@Arg('enterprise', () => CreditCodeScalar) enterprise: string, @Args() args: WarehousesArgs, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).warehouses(ctx.viewer, enterprise, args.search, args);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Warehouse)
  registerWarehouse(@Arg('input') input: RegisterWarehouseInput, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).registerWarehouse(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() warehouse: Warehouse, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(warehouse.enterprise.id);
  }
}

@Resolver(() => Product)
export class ProductResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.PRODUCTS))
  @Query(() => ProductConnection, { description: "Products; an enterprise token sees its own" })
  products(
    @Arg('enterprise', () => CreditCodeScalar, { nullable: true }) enterprise: string | null,
    @Args() args: ProductsArgs,
    @Ctx() ctx: Context,
  ) {
    return new RegistryService(ctx.em).products(ctx.viewer, enterprise, args.search, args);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Product, { description: 'Registers a product and assigns its traceability code' })
  registerProduct(@Arg('input') input: RegisterProductInput, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).registerProduct(ctx.viewer, input);
  }

  @Query(() => PublicProduct, { description: 'Public: a product by its traceability code, as its QR code shows it' })
  async productByCode(@Arg('code') code: string, @Ctx() ctx: Context) {
    const product = await new RegistryService(ctx.em).productByCode(code);
    return toPublicProduct(product, ctx.config.publicBaseUrl);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() product: Product, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(product.enterprise.id);
  }

  @FieldResolver(() => Chemical)
  chemical(@Root() product: Product, @Ctx() ctx: Context) {
    return joinedRow(product.chemical) ?? ctx.loaders.chemical.load(product.chemical.serial);
  }

  @FieldResolver(() => String, { description: 'The URL its QR code holds' })
  url(@Root() product: Product, @Ctx() ctx: Context) {
    return publicProductUrl(ctx.config.publicBaseUrl, product.traceCode);
  }

  @FieldResolver(() => String, { description: 'The QR code as an SVG document', complexity: 10 })
  qrCodeSvg(@Root() product: Product, @Ctx() ctx: Context) {
    return qrCodeSvg(publicProductUrl(ctx.config.publicBaseUrl, product.traceCode));
  }
}

@Resolver(() => Chemical)
export class ChemicalResolver {
  @Query(() => ChemicalConnection, { description: 'Public: the 2015 catalogue, searchable by name, alias or CAS' })
  chemicals(@Args() args: ChemicalsArgs, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).chemicals(args.search, args);
  }

  @Query(() => Chemical, { description: 'Public: one catalogue entry by serial' })
  chemical(@Arg('serial', () => Int) serial: number, @Ctx() ctx: Context) {
    return new RegistryService(ctx.em).chemical(serial);
  }
}

// Plain reads of the registry's tables, which the compiled path may build in SQL (graphql/json-read.ts).
// Each leads from an enterprise to its own rows, or from a row to its own enterprise, never to another's.
/**
 * Regulators and partners pass the row check (assertCanReadEnterpriseRow) of every enterprise their
 * list holds (a TOWN regulator's holds its town's only), and all that is compiled under an
 * enterprise is its own, so their nested reads compile to one statement; an enterprise token takes
 * the resolvers' row checks.
 */
function compiledEnterprises(ctx: Context, args: EnterprisesArgs): CompiledRoot | null {
  const viewer = ctx.viewer;
  if (viewer.role === Role.ENTERPRISE) return null;
  const where = new RegistryService(ctx.em).enterprisesWhere(viewer, args);
  return { entity: Enterprise, where, args, rules: { allowed: (rules) => rulesAllow(viewer, rules), identity: rulesIdentity(viewer) } };
}

compiledRoot('enterprises', compiledEnterprises);
compiledConnection('Enterprise', 'warehouses', { entity: Warehouse, parent: 'enterprise', where: () => ({}) });
compiledConnection('Enterprise', 'products', { entity: Product, parent: 'enterprise', where: () => ({}) });
compiledRelation('Product', 'chemical', 'chemical');
compiledRelation('Product', 'enterprise', 'enterprise');
compiledRelation('Warehouse', 'enterprise', 'enterprise');

export const registryResolvers = [EnterpriseResolver, WarehouseResolver, ProductResolver, ChemicalResolver, BatchResolver] as const;
