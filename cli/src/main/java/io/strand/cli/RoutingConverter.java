package io.strand.cli;

import io.strand.client.Routing;
import io.strand.client.error.ConfigException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code direct|proxy} for {@code --routing}; a bad value is a usage error. Stateless. */
final class RoutingConverter implements ITypeConverter<Routing> {
  @Override
  public Routing convert(String value) {
    try {
      return Routing.parse(value);
    } catch (ConfigException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
