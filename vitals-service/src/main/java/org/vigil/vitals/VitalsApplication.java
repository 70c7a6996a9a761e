package org.vigil.vitals;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class VitalsApplication {

    public static void main(String[] args) {
        SpringApplication.run(VitalsApplication.class, args);
    }
}
