/** The shape of a generated constraint table: an API model reduced to what validation needs. */

export interface ModelShape {
  /** botocore's type: string, integer, long, boolean, timestamp, structure, list, map, double, blob, union. */
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  /** Structure members: member name -> shape name. */
  members?: Record<string, string>;
  member?: string;
  key?: string;
  value?: string;
  /** EC2 protocol structures: member name -> the name it is sent under on the wire (`ResourceIds` -> `ResourceId`). */
  wire?: Record<string, string>;
  /** EC2 protocol output structures: member name -> the element EC2 answers it in (`Vpcs` -> `vpcSet`), its locationName. */
  xml?: Record<string, string>;
}

export interface ServiceModel {
  apiVersion: string;
  operations: Record<string, { input: string | null; validationCode: "InvalidParameterException" | "ValidationException"; output?: string | null }>;
  shapes: Record<string, ModelShape>;
}
