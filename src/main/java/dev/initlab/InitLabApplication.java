package dev.initlab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class InitLabApplication {

    public static void main(String[] args) throws Exception {
        if (NativeAllocatorSettings.missing()) {
            System.exit(NativeAllocatorSettings.relaunch(args));
        }
        NativeAllocatorSettings.exitWithParent();
        SpringApplication.run(InitLabApplication.class, args);
    }
}
