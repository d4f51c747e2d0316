package dev.initlab.experiment;

import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class DatasetNameValidator implements ConstraintValidator<DatasetName, String> {

    static final Set<String> KNOWN = Set.of("synthetic", "fashion-mnist", "imagenette2-160", "imagenette2-320", "imagenette2");
    private static final String FOLDER_PREFIX = "folder:";

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || KNOWN.contains(value)) {
            return true;
        }
        if (!value.startsWith(FOLDER_PREFIX)) {
            return false;
        }
        String path = value.substring(FOLDER_PREFIX.length());
        if (path.isBlank() || path.startsWith("/") || path.startsWith("\\") || path.contains("\0")) {
            return false;
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
