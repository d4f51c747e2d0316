package dev.initlab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class InitLabApplication {

    public static void main(String[] args) throws Exception {
        NativeAllocatorSettings.relaunchUnlessSet(InitLabApplication.class, args);
        SpringApplication.run(InitLabApplication.class, args);
    }
}
