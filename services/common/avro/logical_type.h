#pragma once
// Logical types (specification, "Logical Types"): which annotations are valid on which underlying
// type. An unknown or invalid annotation is ignored, as the specification requires, so a schema
// that misuses one still parses and reads as its underlying type.
#include "common/avro/schema.h"

namespace causeway::avro {

// Reads the logicalType (and, for decimal, precision and scale) attributes among
// `node.properties`, given the node's kind (and fixed_size for fixed). When they form a valid
// logical type, sets `node.logical_type` (and `node.decimal`) and removes the consumed attributes
// from the properties; otherwise leaves the node untouched.
void ApplyLogicalType(NodeData& node);

// The most decimal digits a fixed of `size` bytes can hold: floor(log10(2^(8*size-1) - 1)).
int64_t MaxDecimalPrecisionForFixed(int64_t size);

}  // namespace causeway::avro
