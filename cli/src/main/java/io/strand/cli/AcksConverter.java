package io.strand.cli;

import io.strand.client.error.ConfigException;
import io.strand.client.producer.Acks;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code all|none} (and Kafka's -1/1/0) for {@code --acks}; a bad value is a usage error. Stateless. */
final class AcksConverter implements ITypeConverter<Acks> {
  @Override
  public Acks convert(String value) {
    try {
      return Acks.parse(value);
    } catch (ConfigException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
